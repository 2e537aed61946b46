"""izlem: strategic plan monitoring and Harezmi program management."""
