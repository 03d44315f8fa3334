"""What each kind of form does with its rows."""
