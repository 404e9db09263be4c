"""Getting articles in: reading files, extracting their claims, storing them."""
