"""Speed and scale measurements; scripts, not tests."""
