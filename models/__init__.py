"""The data model: typed records, Parquet table schemas (the output contract) and dataset profiles."""
