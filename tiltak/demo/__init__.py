"""Demo data at national scale for the benchmark: `generator` writes it, `words`
holds the word lists it draws from."""
