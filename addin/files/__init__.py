"""The file shell: reading CSV and Excel sources, lookup tables, and writing CSV atomically."""
