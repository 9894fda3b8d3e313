"""WebSocket fan-out benchmark for `kanshi serve`: N clients on /api/v1/alerts/stream, one alert.

The alert is made the way a real one is: an element set is POSTed to /api/v1/gp, the center
re-screens the object it touches, finds a conjunction at warning level or above and pushes the
alert. The element set is a clone (new catalog number) of the primary of a stored close event, so
the clone meets the same secondary: a new event, hence a new alert.

Prints: connect time, and for the alert, the spread from the first client's receipt to the last
(the fan-out), and from the alert's created_at to the last receipt. Needs `pip install websockets`.
"""
import argparse, asyncio, json, statistics, time, urllib.request
from datetime import datetime

import websockets


TOKEN = None  # --token: the API token every request sends (issue 9)


def headers():
    return {"Authorization": f"Bearer {TOKEN}"} if TOKEN else {}


def get(base, path):
    with urllib.request.urlopen(urllib.request.Request(base + path, headers=headers()), timeout=30) as r:
        return r.read().decode()


def clone_tle(base, norad, new_number):
    text = get(base, f"/api/v1/gp?norad_cat_id={norad}&format=tle").strip().splitlines()
    l1, l2 = text[0], text[1]
    num = f"{new_number:5d}"
    l1 = l1[:2] + num + l1[7:68]
    l2 = l2[:2] + num + l2[7:68]

    def checksum(line):
        return str(sum(int(c) if c.isdigit() else (1 if c == "-" else 0) for c in line) % 10)

    return f"CLONE {norad}\n{l1 + checksum(l1)}\n{l2 + checksum(l2)}\n"


async def client(url, ready, received, index):
    async with websockets.connect(url, max_queue=None, open_timeout=60) as ws:
        ready.append(index)
        message = await ws.recv()
        received[index] = (time.time(), message)


async def run(base, clients, new_number):
    events = json.loads(get(base, "/api/v1/events?max_miss_km=1&limit=1"))["items"]
    if not events:
        raise SystemExit("no stored event within 1 km to clone; let the first screening finish")
    primary = events[0]["primary"]["norad_cat_id"]
    ws_url = base.replace("http", "ws", 1) + "/api/v1/alerts/stream" + (f"?access_token={TOKEN}" if TOKEN else "")
    ready, received = [], {}
    t0 = time.time()
    tasks = [asyncio.create_task(client(ws_url, ready, received, i)) for i in range(clients)]
    while len(ready) < clients:
        await asyncio.sleep(0.01)
        if time.time() - t0 > 120:
            raise SystemExit(f"only {len(ready)} of {clients} clients connected")
    connect_s = time.time() - t0
    body = clone_tle(base, primary, new_number).encode()
    request = urllib.request.Request(base + "/api/v1/gp", data=body, method="POST",
                                     headers={"Content-Type": "text/plain", **headers()})
    posted = time.time()
    await asyncio.get_running_loop().run_in_executor(None, lambda: urllib.request.urlopen(request, timeout=120).read())
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=120)
    times = sorted(t for t, _ in received.values())
    alert = json.loads(next(iter(received.values()))[1])
    created = datetime.fromisoformat(alert["created_at"].replace("Z", "+00:00")).timestamp()
    print(f"clients={clients} connect_s={connect_s:.2f} alert_id={alert['id']} primary={primary} clone={new_number}")
    print(f"post_to_first_receipt_s={times[0] - posted:.3f} (re-screening of the touched object included)")
    print(f"RESULT fanout_first_to_last_s={times[-1] - times[0]:.4f} created_to_last_s={times[-1] - created:.4f} "
          f"median_after_first_s={statistics.median(times) - times[0]:.4f}")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="http://127.0.0.1:18080")
    p.add_argument("--clients", type=int, default=1000)
    p.add_argument("--clone-number", type=int, default=99001)
    p.add_argument("--token", default=None)
    a = p.parse_args()
    TOKEN = a.token
    asyncio.run(run(a.base, a.clients, a.clone_number))
