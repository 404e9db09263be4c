"""Searching claims by their words, who said them and every list filter."""
