"""What front ends read: the reviewer's desk, claim details, comparisons and pages of rows."""
