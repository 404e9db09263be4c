"""What every screen showing a claim can do to it: the review actions and their keys.

The Claims screen acts on the claim under the cursor, the detail screen on the claim it
shows; both say which through ``target`` and redraw themselves through ``reload``. Each
action gathers what it needs (a status, a tag, another claim) in dialogs and hands the write
to ``ClaimsApp.perform``, which runs it in a thread and reports how it went.

Keys: ``1``…``7`` set a status (``x`` marks not-a-claim), ``s`` picks one from a list, ``C``
corrects the spans, ``t`` tags and ``T`` untags, ``n`` edits the note, ``l`` links to another
claim and ``L`` unlinks, ``g`` goes to a linked claim, ``e`` attaches to an event, ``c``
compares with the linked claims, ``r`` reloads.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy.exc import SQLAlchemyError
from textual import work
from textual.binding import Binding

from claims.archive.display import snippet, visible
from claims.browse.desk import attach_to_new_event, link_summaries, tag_counts
from claims.browse.details import claim_detail
from claims.review.corrections import correct_spans, placed_claim
from claims.review.edits import (
    add_tags,
    normalise_tag,
    remove_tags,
    set_event,
    set_note,
    set_status,
    tags_of,
)
from claims.review.events import list_events
from claims.review.links import link_claims, unlink_claims
from db.errors import ClaimsError
from db.models import Relation, ReviewStatus
from tui.dialogs.claim_finder import ClaimFinder
from tui.dialogs.picker import Choice, Picker
from tui.screens.base import ArchiveScreen
from tui.wording import counted

T = TypeVar("T")

#: The statuses the number keys set, in order: 1 unreviewed … 6 unverifiable, 7 not-a-claim.
STATUS_KEYS = list(ReviewStatus)

#: What each relation means, shown when picking one.
RELATION_HINTS = {
    Relation.CONTRADICTS: "the two cannot both be true",
    Relation.SUPPORTS: "this one backs the other up",
    Relation.SAME_EVENT: "both are about the same incident",
    Relation.DUPLICATE: "the same claim, reported twice",
    Relation.ELABORATES: "this one adds detail to the other",
}

#: The choice in the event picker that detaches the claim from its event.
NO_EVENT = "none"


@dataclass(frozen=True, slots=True)
class Target:
    """The claim an action applies to, at the version the reviewer sees."""

    id: int
    version: int


class ReviewingScreen(ArchiveScreen):
    """A screen with a current claim and the actions that review it."""

    BINDINGS = [
        *(
            Binding(str(n), f"status('{s.value}')", f"Mark {s.value}", show=False)
            for n, s in enumerate(STATUS_KEYS, start=1)
        ),
        Binding("s", "pick_status", "Status"),
        Binding("x", "status('not-a-claim')", "Not a claim", show=False),
        Binding("C", "correct_spans", "Correct spans", show=False),
        Binding("t", "add_tag", "Tag"),
        Binding("T", "remove_tag", "Untag", show=False),
        Binding("n", "edit_note", "Note"),
        Binding("l", "link", "Link"),
        Binding("L", "unlink", "Unlink", show=False),
        Binding("g", "follow_link", "Go to link"),
        Binding("e", "pick_event", "Event"),
        Binding("c", "compare", "Compare"),
        Binding("r", "reload", "Reload", show=False),
    ]

    def target(self) -> Target | None:
        """The claim the actions apply to, or None when there is none."""
        raise NotImplementedError

    def reload(self) -> None:
        """Read what the screen shows again, to stay true to the database."""
        raise NotImplementedError

    def _target_or_say(self) -> Target | None:
        target = self.target()
        if target is None:
            self.notify("No claim selected.", severity="warning")
        return target

    async def _read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """``fn(session, *args)`` in a thread; None (and a notice) when it fails."""
        workbench = self.claims_app.workbench

        def run() -> T:
            return workbench.read(cast(Callable[..., T], fn), *args, **kwargs)

        try:
            return await asyncio.to_thread(run)
        except (ClaimsError, SQLAlchemyError) as exc:
            self.notify(visible(str(exc)), title="Could not read", severity="error")
            return None

    # --- status --------------------------------------------------------------------------

    def action_status(self, status: str) -> None:
        """Set the current claim's review status."""
        if (target := self._target_or_say()) is None:
            return
        self.claims_app.perform(
            f"Claim {target.id} marked {status}",
            set_status,
            target.id,
            status,
            expected_version=target.version,
        )

    @work(group="review-dialog", exclusive=True)
    async def action_pick_status(self) -> None:
        """Pick a review status from a list."""
        if (target := self._target_or_say()) is None:
            return
        choices = [Choice(s.value, s.value, key=str(n)) for n, s in enumerate(STATUS_KEYS, start=1)]
        picked = await self.app.push_screen_wait(Picker(f"Status of claim {target.id}", choices))
        if picked is not None:
            self.action_status(picked.value)

    @work(group="review-dialog", exclusive=True)
    async def action_correct_spans(self) -> None:
        """Correct where the claim's content, speaker and cue sit in its source text."""
        if (target := self._target_or_say()) is None:
            return
        placed = await self._read(placed_claim, target.id)
        if placed is None:
            return
        from tui.dialogs.correct_spans import CorrectSpansDialog

        spans = await self.app.push_screen_wait(
            CorrectSpansDialog(target.id, placed.text, placed.spans)
        )
        if not spans:
            return
        # The dialog showed the spans as read just now: that is the version they correct.
        self.claims_app.perform(
            f"Claim {target.id}: {', '.join(str(kind) for kind in spans)} corrected",
            correct_spans,
            target.id,
            spans,
            expected_version=placed.version,
        )

    # --- tags ----------------------------------------------------------------------------

    @work(group="review-dialog", exclusive=True)
    async def action_add_tag(self) -> None:
        """Tag the current claim: pick a tag, or type a new one."""
        if (target := self._target_or_say()) is None:
            return
        counts = await self._read(tag_counts)
        have = await self._read(tags_of, target.id)
        if counts is None or have is None:
            return
        choices = [
            Choice(name, name, counted(count, "claim"))
            for name, count in counts
            if name not in have
        ]
        picked = await self.app.push_screen_wait(
            Picker(f"Tag claim {target.id}", choices, create="New tag “{}”")
        )
        if picked is None:
            return
        try:
            tag = normalise_tag(picked.value)
        except ClaimsError as exc:
            self.notify(visible(str(exc)), title="Not a tag", severity="error")
            return
        self.claims_app.perform(
            f"Claim {target.id} tagged {tag}",
            add_tags,
            target.id,
            [tag],
            expected_version=target.version,
        )

    @work(group="review-dialog", exclusive=True)
    async def action_remove_tag(self) -> None:
        """Remove one of the current claim's tags."""
        if (target := self._target_or_say()) is None:
            return
        have = await self._read(tags_of, target.id)
        if have is None:
            return
        if not have:
            self.notify(f"Claim {target.id} has no tags.")
            return
        picked = await self.app.push_screen_wait(
            Picker(f"Remove a tag from claim {target.id}", [Choice(t, t) for t in have])
        )
        if picked is None:
            return
        self.claims_app.perform(
            f"Claim {target.id} untagged {picked.value}",
            remove_tags,
            target.id,
            [picked.value],
            expected_version=target.version,
        )

    # --- note ----------------------------------------------------------------------------

    @work(group="review-dialog", exclusive=True)
    async def action_edit_note(self) -> None:
        """Edit the current claim's note."""
        if (target := self._target_or_say()) is None:
            return
        detail = await self._read(claim_detail, target.id)
        if detail is None:
            return
        # The note editor's TextArea is the slowest widget to import: load it when first
        # wanted rather than on every start.
        from tui.dialogs.note import NoteEditor

        note = await self.app.push_screen_wait(NoteEditor(target.id, detail.claim.note))
        if note is None or note == (detail.claim.note or ""):
            return
        # The editor showed the note as read just now, so that is the version it changes;
        # a change by someone else while it was open is still refused.
        self.claims_app.perform(
            f"Claim {target.id}: note {'saved' if note else 'cleared'}",
            set_note,
            target.id,
            note or None,
            expected_version=detail.claim.version,
        )

    # --- links ---------------------------------------------------------------------------

    @work(group="review-dialog", exclusive=True)
    async def action_link(self) -> None:
        """Link the current claim to another: find it, then say how they relate."""
        if (target := self._target_or_say()) is None:
            return
        finder = ClaimFinder(
            self.claims_app.workbench, f"Link claim {target.id} to…", exclude=target.id
        )
        other = await self.app.push_screen_wait(finder)
        if other is None:
            return
        choices = [Choice(r.value, r.value, RELATION_HINTS[r]) for r in Relation]
        relation = await self.app.push_screen_wait(
            Picker(f"Claim {target.id} … claim {other}", choices)
        )
        if relation is None:
            return
        self.claims_app.perform(
            f"Claim {target.id} {relation.value} claim {other}",
            link_claims,
            target.id,
            other,
            relation.value,
        )

    async def _pick_link(self, target: Target, title: str) -> tuple[int, str] | None:
        """Pick one of the claim's links; returns the other claim's id and the relation."""
        links = await self._read(link_summaries, target.id)
        if links is None:
            return None
        if not links:
            self.notify(f"Claim {target.id} has no links.")
            return None
        choices = [
            Choice(
                f"{link.other_id}:{link.relation}",
                f"{link.relation} {'→' if link.outgoing else '←'} #{link.other_id} "
                f"{snippet(link.other_content, 60)}",
                f"by {link.created_by}" if link.created_by else "",
            )
            for link in links
        ]
        picked = await self.app.push_screen_wait(Picker(title, choices))
        if picked is None:
            return None
        other, relation = picked.value.split(":", 1)
        return int(other), relation

    @work(group="review-dialog", exclusive=True)
    async def action_unlink(self) -> None:
        """Remove one of the current claim's links."""
        if (target := self._target_or_say()) is None:
            return
        picked = await self._pick_link(target, f"Unlink claim {target.id} from…")
        if picked is None:
            return
        other, relation = picked
        self.claims_app.perform(
            f"Claim {target.id} no longer {relation} claim {other}",
            unlink_claims,
            target.id,
            other,
            relation=relation,
        )

    @work(group="review-dialog", exclusive=True)
    async def action_follow_link(self) -> None:
        """Open a claim the current one is linked to."""
        if (target := self._target_or_say()) is None:
            return
        picked = await self._pick_link(target, f"Go from claim {target.id} to…")
        if picked is not None:
            self.claims_app.open_claim(picked[0])

    def action_compare(self) -> None:
        """Show the current claim beside every claim linked to it."""
        if (target := self._target_or_say()) is not None:
            self.claims_app.compare(linked_to=target.id)

    # --- event ---------------------------------------------------------------------------

    @work(group="review-dialog", exclusive=True)
    async def action_pick_event(self) -> None:
        """Attach the current claim to an event (or a new one), or detach it."""
        if (target := self._target_or_say()) is None:
            return
        events = await self._read(list_events)
        if events is None:
            return
        choices = [
            Choice(
                str(event.id),
                event.name,
                ", ".join(
                    bit
                    for bit in (
                        event.date.isoformat() if event.date else "",
                        event.place or "",
                        counted(count, "claim"),
                    )
                    if bit
                ),
            )
            for event, count in events
        ]
        choices.append(Choice(NO_EVENT, "(no event)", "detach the claim from its event"))
        picked = await self.app.push_screen_wait(
            Picker(f"Event of claim {target.id}", choices, create="New event “{}”")
        )
        if picked is None or not picked.value:
            return
        if picked.created:
            self.claims_app.perform(
                f"Claim {target.id} attached to the new event {picked.value}",
                attach_to_new_event,
                target.id,
                picked.value,
                expected_version=target.version,
            )
            return
        event_id = None if picked.value == NO_EVENT else int(picked.value)
        names = {str(event.id): event.name for event, _ in events}
        described = f"attached to {names[picked.value]}" if event_id else "detached from its event"
        self.claims_app.perform(
            f"Claim {target.id} {described}",
            set_event,
            target.id,
            event_id,
            expected_version=target.version,
        )

    def action_reload(self) -> None:
        """Read the screen again from the database."""
        self.reload()
