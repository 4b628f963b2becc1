from catpack.cli.errors import run

run()
