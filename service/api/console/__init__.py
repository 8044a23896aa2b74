"""The investigator console: sign-in, sessions and the pages served at /console/."""
