"""``catpack sensor``: the pack thermometer (decode, scan, pair, watch, simulate).

``decode`` and ``pair`` need no radio; ``scan`` and ``watch`` need bleak (the
``[sensor]`` extra); ``watch`` and ``simulate`` send readings to the server
over its REST API, so they can run on another machine (a Raspberry Pi by
the door) than the one serving the app.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, cast

import typer
from rich.console import Console
from rich.table import Table

from catpack.cli.output import JsonOpt, emit
from catpack.domain.errors import CoachInputError, ConfigError, NotFoundError
from catpack.sensor.bthome import DecodeError, Packet, decode, parse_hex

app = typer.Typer(
    help="The pack thermometer: a Bluetooth sensor in the backpack.", no_args_is_help=True
)
CatOpt = Annotated[str, typer.Option("--cat", help="Name (or id) of the cat.")]
ServerOpt = Annotated[
    str | None,
    typer.Option(
        help="catpack server (default: $CATPACK_SERVER_URL, else this machine's `catpack serve`)."
    ),
]
TokenOpt = Annotated[
    str | None,
    typer.Option(
        help="API token (default: $CATPACK_TOKEN, else a new one for this machine's account)."
    ),
]
UnitOpt = Annotated[str, typer.Option(help="C or F (default: the cat's unit).")]
ERR = Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    print(f"catpack: {message}", file=sys.stderr)
    return typer.Exit(code)


@app.command("decode")
def decode_cmd(
    hexdata: Annotated[str, typer.Argument(metavar="HEX", help="BTHome service data, in hex.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (the default).")] = False,
) -> None:
    """Print what one BTHome v2 packet says, as JSON (for support and tests)."""
    try:
        packet = decode(parse_hex(hexdata))
    except DecodeError as exc:
        raise CoachInputError("HEX", str(exc)) from None
    sys.stdout.write(json.dumps(packet.as_json(), indent=2) + "\n")


def _degrees(temp_c: float | None, unit: str) -> str:
    if temp_c is None:
        return "—"
    return f"{temp_c * 9 / 5 + 32:.1f} °F" if unit.upper() == "F" else f"{temp_c:.1f} °C"


@app.command()
def scan(
    seconds: Annotated[float, typer.Option(min=1, max=600, help="How long to listen.")] = 10,
    unit: Annotated[str, typer.Option(help="C or F.")] = "C",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the BTHome sensors nearby with what they read now."""
    from catpack.sensor.scanner import SensorUnavailable, open_scanner

    try:
        source = open_scanner()
    except SensorUnavailable as exc:
        raise _fail(str(exc)) from None
    found: dict[str, dict[str, Any]] = {}

    async def listen() -> None:
        async def collect() -> None:
            async for adv in source.advertisements():
                try:
                    packet: Packet | None = decode(adv.data)
                    problem = None
                except DecodeError as exc:
                    packet, problem = None, str(exc)
                found[adv.address] = {
                    "address": adv.address,
                    "name": adv.name,
                    "rssi": adv.rssi,
                    "problem": problem,
                    **(packet.as_json() if packet else {}),
                }

        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(collect(), timeout=seconds)

    from catpack.sensor.uplink import run_sync

    try:
        run_sync(listen())
    except SensorUnavailable as exc:
        raise _fail(str(exc)) from None
    rows = sorted(found.values(), key=lambda r: -(r["rssi"] or -999))
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    if not rows:
        print(f"No BTHome sensor heard in {seconds:g} s. Is it on, near, and set to BTHome v2?")
        return
    table = Table("address", "name", "signal", "air", "humidity", "battery", "note")
    for r in rows:
        table.add_row(
            r["address"],
            r["name"] or "",
            f"{r['rssi']} dBm" if r["rssi"] is not None else "",
            _degrees(r.get("temp_c"), unit),
            f"{r['humidity_pct']:.0f} %" if r.get("humidity_pct") is not None else "—",
            f"{r['battery_pct']} %" if r.get("battery_pct") is not None else "—",
            r["problem"] or "",
        )
    Console().print(table)


@app.command()
def pair(
    address: Annotated[
        str, typer.Argument(help="The sensor's address (from `catpack sensor scan`).")
    ],
    cat: CatOpt,
    name: Annotated[str, typer.Option(help="A name for the sensor.")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Remember which sensor is in this cat's pack."""
    from pydantic import ValidationError

    from catpack.cli.context import open_ctx
    from catpack.cli.errors import in_options
    from catpack.domain.contract import input_error
    from catpack.services import readings
    from catpack.services.pack_views import PairIn

    try:
        body = PairIn(address=address, name=name)
    except ValidationError as exc:
        problems = input_error(exc)
        raise in_options(problems, {"address": "ADDRESS", "name": "--name"}) from None
    with open_ctx() as ctx:
        view = ctx.cat(cat)
        sensor = readings.pair_sensor(ctx.db, ctx.actor, view.id, body)
    emit(
        as_json,
        sensor.model_dump(mode="json"),
        f"Sensor {sensor.address} is now in {view.name}'s pack.",
    )


# ------------------------------------------------------------- watch, simulate


def _connection(server: str | None, token: str | None) -> tuple[str, str]:
    """(server URL, token): flags, then the environment, then this machine's account."""
    from catpack.settings import load_settings

    settings = load_settings()
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    url = server or os.environ.get("CATPACK_SERVER_URL") or f"http://{host}:{settings.port}"
    token = token or os.environ.get("CATPACK_TOKEN")
    if not token:
        from catpack.cli.context import open_ctx
        from catpack.services import users

        try:
            with open_ctx() as ctx:
                token = users.mint_token(ctx.db, ctx.actor)
        except ConfigError as exc:
            raise ConfigError(
                f"no --token given and no local database to make one ({exc})"
            ) from None
    return url, token


def _target(api: Any, cat: str) -> tuple[int, str, str]:
    """The cat's (id, name, temperature unit) on the server."""
    from catpack.sensor.uplink import Retry, UplinkError

    try:
        offset = 0
        while True:
            page = api.call("GET", f"/cats?limit=200&offset={offset}")
            for c in page["items"]:
                if c["name"] == cat or str(c["id"]) == cat:
                    return int(c["id"]), str(c["name"]), str(c["temp_unit"])
            offset += len(page["items"])
            if not page["items"] or offset >= page["total"]:
                raise NotFoundError(f"no cat named {cat!r} on {api.server}")
    except Retry as exc:
        raise ConfigError(f"{exc} (is `catpack serve` running there?)") from None
    except UplinkError as exc:
        raise ConfigError(str(exc)) from None


def _spool_path(server: str, cat_id: int) -> Path:
    from platformdirs import user_data_dir

    from catpack.settings import load_settings

    folder = load_settings().data_dir or Path(user_data_dir("catpack", appauthor=False))
    key = hashlib.sha256(server.encode()).hexdigest()[:12]
    return folder / "sensor-spool" / f"{key}-cat-{cat_id}.jsonl"


def _run(
    source: Any,
    cat: str,
    address: str | None,
    server: str | None,
    token: str | None,
    unit: str | None,
    record: Path | None,
    drain_for_s: float | None,
    as_json: bool = False,
) -> None:
    from catpack.sensor.uplink import Api, Retry, Spool, Uplink, UplinkError, Watcher, run_sync

    url, key = _connection(server, token)
    api = Api(url, key)
    cat_id, cat_name, cat_unit = _target(api, cat)
    shown = (unit or cat_unit).upper()
    if address is None:
        try:
            address = str(api.call("GET", f"/cats/{cat_id}/sensor")["address"])
        except UplinkError as exc:
            if exc.status != 404:
                raise ConfigError(str(exc)) from None
            raise NotFoundError(
                f"no sensor is paired with {cat_name}: run `catpack sensor pair --cat "
                f"{cat_name} ADDRESS` (addresses: `catpack sensor scan`)"
            ) from None
        except Retry as exc:
            raise ConfigError(str(exc)) from None
    last_level: list[str | None] = [None]

    def on_pack(pack: dict[str, Any] | None) -> None:
        level = pack["level"] if pack else None
        if pack and (level != last_level[0] or pack.get("silent_min")):
            style = {"ok": "green", "caution": "yellow"}.get(str(level), "bold red")
            ERR.print(f"[{style}]{pack['advice']}[/]")
        last_level[0] = level

    def on_reading(at: datetime, packet: Packet) -> None:
        if as_json:  # one JSON object a line, for scripts
            print(json.dumps({"at": at.isoformat(), **packet.as_json()}), flush=True)
            return
        hum = f"  {packet.humidity_pct:.0f} %" if packet.humidity_pct is not None else ""
        bat = f"  battery {packet.battery_pct} %" if packet.battery_pct is not None else ""
        local = at.astimezone().strftime("%H:%M:%S")
        print(f"{local}  {_degrees(packet.temp_c, shown)}{hum}{bat}", flush=True)

    def on_problem(message: str) -> None:
        ERR.print(f"[yellow]{message}[/]")

    spool = Spool(_spool_path(url, cat_id))
    uplink = Uplink(api, cat_id, address, spool, on_pack=on_pack, on_problem=on_problem)
    watcher = Watcher(uplink, address, on_reading=on_reading, on_problem=on_problem, record=record)
    ERR.print(f"Sending {cat_name}'s pack readings (sensor {address}) to {url}.")
    try:
        left = run_sync(watcher.run(source, drain_for_s=drain_for_s))
    except KeyboardInterrupt:
        left = len(spool.pending())
    except UplinkError as exc:
        raise ConfigError(f"{exc}; the readings are kept in {spool.path}") from None
    ERR.print(f"Sent {uplink.sent} readings ({uplink.duplicates} already there).")
    if left:
        raise _fail(
            f"{left} readings not sent yet, kept in {spool.path}: they go next time "
            "`catpack sensor watch` runs for this cat",
            5,
        )


@app.command()
def watch(
    cat: CatOpt,
    sensor: Annotated[
        str | None, typer.Option(help="Sensor address (default: the paired one).")
    ] = None,
    server: ServerOpt = None,
    token: TokenOpt = None,
    unit: UnitOpt = "",
    record: Annotated[Path | None, typer.Option(help="Also save what is heard as a trace.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print each reading as a line of JSON.")
    ] = False,
) -> None:
    """Stream the pack's air to the server until Ctrl-C (active Bluetooth scanning)."""
    from catpack.sensor.scanner import SensorUnavailable, open_scanner

    try:
        source = open_scanner()
    except SensorUnavailable as exc:
        raise _fail(str(exc)) from None
    _run(source, cat, sensor, server, token, unit or None, record, drain_for_s=10, as_json=as_json)


@app.command()
def simulate(
    cat: CatOpt,
    trace: Annotated[Path | None, typer.Option(help="A recorded trace (JSON lines).")] = None,
    shape: Annotated[str, typer.Option(help="Generated trace: heat, steady or cold.")] = "heat",
    minutes: Annotated[float, typer.Option(min=0.5, max=600, help="Generated length.")] = 20,
    instant: Annotated[bool, typer.Option(help="Send it all at once, ending now.")] = False,
    save: Annotated[Path | None, typer.Option(help="Also write the trace to this file.")] = None,
    server: ServerOpt = None,
    token: TokenOpt = None,
    unit: UnitOpt = "",
    as_json: Annotated[
        bool, typer.Option("--json", help="Print each reading as a line of JSON.")
    ] = False,
) -> None:
    """Replay a recorded or generated trace through the same path as `watch` (demos, tests)."""
    from catpack.sensor import trace as traces

    if shape not in ("heat", "steady", "cold"):
        raise CoachInputError("--shape", f"{shape!r} is not one of 'heat', 'steady', 'cold'")
    try:
        steps = traces.load(trace) if trace else traces.generate(cast(traces.Shape, shape), minutes)
    except ValueError as exc:
        raise CoachInputError("--trace", str(exc)) from None
    if save is not None:
        save.write_text(traces.dump(steps), encoding="utf-8")
    source = traces.TraceSource(
        steps, lambda: datetime.now(UTC), lambda s: asyncio.sleep(s), instant=instant
    )
    _run(
        source,
        cat,
        steps[0].address,
        server,
        token,
        unit or None,
        None,
        drain_for_s=30,
        as_json=as_json,
    )
