"""Writes <mebibytes> blocks of 1 MiB to stdout as fast as it can: each a prov4ml:metric line
(value and step the block's number), then the bytes 0..255 over and over, cut to end the 1 MiB
with a newline (so the next block's record starts a line)."""
import sys

MIB = 1024 * 1024
filler = bytes(range(256)) * (MIB // 256)
out = sys.stdout.buffer
for block in range(int(sys.argv[1])):
    record = f"prov4ml:metric name=flood value={block} step={block}\n".encode()
    out.write(record + filler[: MIB - len(record) - 1] + b"\n")
out.flush()
