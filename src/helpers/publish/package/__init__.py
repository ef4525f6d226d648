"""Publishing the data: CSV downloads, their column descriptions and the data package."""
