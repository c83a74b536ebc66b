"""The plan in: `parsing` reads the plan's text into plain data (no ORM),
`writing` puts it into the database and reports what it did."""
