"""Qt item models over core queries: they hold ids and fetch display data on demand."""
