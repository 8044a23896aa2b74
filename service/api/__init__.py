"""The HTTP side: a thin strawberry GraphQL schema on Starlette, served by uvicorn."""
