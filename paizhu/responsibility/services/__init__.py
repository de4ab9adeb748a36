"""Every write of the responsibility module: lists and their signatures (`lists`)."""
