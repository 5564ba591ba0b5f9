"""The contract suite: property-tests any running implementation of a spec."""
