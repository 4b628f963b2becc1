"""``catpack serve``: the web app on uvicorn (127.0.0.1:8000 by default)."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer()


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address (default CATPACK_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default CATPACK_PORT).")] = None,
) -> None:
    """Run the web app and the REST API."""
    import uvicorn

    from catpack.settings import load_settings
    from catpack.web.app import create_app

    settings = load_settings()
    web = create_app(settings)  # refuses an unmigrated database before listening
    bind_host = host or settings.host
    bind_port = settings.port if port is None else port
    typer.echo(f"catpack is serving on http://{bind_host}:{bind_port}/ (Ctrl-C stops)")
    uvicorn.run(web, host=bind_host, port=bind_port, log_level="warning")
