"""Reading real news: dates, titles, sources, bylines, furniture, feeds, pages, copies."""
