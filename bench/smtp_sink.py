"""An SMTP server that accepts every message and logs it, for the emails benchmark.

`python -m bench.smtp_sink --port PORT --log FILE` listens on 127.0.0.1 until SIGTERM and
appends one line per message: the time it was received, its recipients, and the path of the
verification link it carries (empty if none), tab-separated.
"""

import argparse
import re
import signal
import time

from aiosmtpd.controller import Controller

LINK = re.compile(rb"https?://[^/\s]+(/[a-z]{2}/verify/[^/\s]+/)")


class Recorder:
    def __init__(self, log):
        self.log = log

    async def handle_DATA(self, server, session, envelope):
        link = LINK.search(envelope.original_content or envelope.content)
        path = link.group(1).decode() if link else ""
        self.log.write(f"{time.time():.6f}\t{','.join(envelope.rcpt_tos)}\t{path}\n")
        self.log.flush()  # the harness counts the lines while messages arrive
        return "250 Message accepted"


def main():
    parser = argparse.ArgumentParser(prog="python -m bench.smtp_sink", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    # Blocked before the server's thread starts, so that only sigwait below receives them.
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    with open(args.log, "a") as log:
        controller = Controller(Recorder(log), hostname="127.0.0.1", port=args.port)
        controller.start()
        signal.sigwait(stop_signals)
        controller.stop()


if __name__ == "__main__":
    main()
