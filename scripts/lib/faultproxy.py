#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 that injects network faults, for scripts/faults (F3).

    faultproxy.py TARGET_PORT CONTROL_FILE PORT_FILE

Listens on 127.0.0.1 at a free port (written to PORT_FILE) and forwards every connection to
127.0.0.1:TARGET_PORT. CONTROL_FILE holds the mode, re-read for every chunk:

    pass              forward as is
    delay MS          hold every chunk (both ways) MS milliseconds
    stall             forward nothing from the server to the client (the client waits) until the mode changes
    stall-after K     pass K more client->server chunks, then stall
    cut-before K      the K-th client->server chunk from now is dropped and the connection closed
    cut-half K        ... half of it is forwarded, then the connection is closed (mid-statement)
    cut-after K       ... it is forwarded whole, then the connection is closed (its reply is lost)

After a cut the mode goes back to `pass`. Only 127.0.0.1; for tests.
"""
import asyncio
import os
import sys

target_port = int(sys.argv[1])
control = sys.argv[2]
port_file = sys.argv[3]
counted = 0          # client->server chunks seen since the mode was last set
last_mode = None


def mode():
    global counted, last_mode
    try:
        with open(control) as f:
            text = f.read().strip()
    except OSError:
        text = "pass"
    if text != last_mode:
        last_mode = text
        counted = 0
    parts = text.split()
    return (parts[0] if parts else "pass"), (int(parts[1]) if len(parts) > 1 else 0)


def set_mode(text):
    with open(control + ".tmp", "w") as f:
        f.write(text + "\n")
    os.replace(control + ".tmp", control)


async def stalled(direction):
    while True:
        name, arg = mode()
        if name == "stall" and direction == "down":
            await asyncio.sleep(0.02)
            continue
        if name == "stall-after" and direction == "down" and counted >= arg:
            await asyncio.sleep(0.02)
            continue
        return name, arg


async def pipe(reader, writer, direction, peer):
    global counted
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            name, arg = await stalled(direction)
            if name == "delay":
                await asyncio.sleep(arg / 1000)
            if direction == "up":
                counted += 1
                if name == "stall-after" and counted > arg:
                    # Held like the replies: nothing more reaches the server while stalled.
                    while mode()[0] == "stall-after":
                        await asyncio.sleep(0.02)
                if name.startswith("cut-") and counted == arg:
                    if name == "cut-half":
                        writer.write(data[: max(1, len(data) // 2)])
                        await writer.drain()
                    elif name == "cut-after":
                        writer.write(data)
                        await writer.drain()
                        await asyncio.sleep(0.2)  # let the server run it; its reply is dropped
                    set_mode("pass")
                    writer.close()
                    peer.close()
                    return
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def handle(client_reader, client_writer):
    try:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(
        pipe(client_reader, server_writer, "up", client_writer),
        pipe(server_reader, client_writer, "down", server_writer),
    )


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    with open(port_file + ".tmp", "w") as f:
        f.write(f"{port}\n")
    os.replace(port_file + ".tmp", port_file)
    async with server:
        await server.serve_forever()


asyncio.run(main())
