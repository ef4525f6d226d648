"""The data beside the report: CSV downloads, the one description of their columns, the data package."""
