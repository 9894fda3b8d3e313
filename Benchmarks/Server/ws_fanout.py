# One alert to N WebSocket clients: connects N clients to /api/v1/alerts/stream, POSTs an element set
# that makes a new event, and prints when the first and the last client received the alert.
# Usage: python3 ws_fanout.py N PORT ELEMENT_SET_FILE
import asyncio, json, sys, time, urllib.request
import websockets
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
URL = "ws://127.0.0.1:%s/api/v1/alerts/stream" % (sys.argv[2] if len(sys.argv) > 2 else "18080")
BODY = open(sys.argv[3]).read() if len(sys.argv) > 3 else None
times = []
async def client(ready):
    async with websockets.connect(URL, max_queue=None, open_timeout=60) as ws:
        ready.set_result(True) if not ready.done() else None
        msg = await ws.recv()
        times.append(time.perf_counter())
async def main():
    futs = []
    tasks = []
    for i in range(N):
        f = asyncio.get_running_loop().create_future()
        futs.append(f)
        tasks.append(asyncio.create_task(client(f)))
        if i % 100 == 99: await asyncio.gather(*futs[-100:])
    await asyncio.gather(*futs)
    print("connected", N, flush=True)
    t0 = time.perf_counter()
    if BODY:
        port = URL.split(":")[2].split("/")[0]
        req = urllib.request.Request("http://127.0.0.1:%s/api/v1/gp" % port, data=BODY.encode(), method="POST")
        await asyncio.to_thread(lambda: urllib.request.urlopen(req).read())
        t_post = time.perf_counter()
        print("POST answered in %.3f s" % (t_post - t0))
    await asyncio.wait_for(asyncio.gather(*tasks), 300)
    print("received by %d clients; first after %.3f s, last after %.3f s, spread first→last %.3f s" % (len(times), min(times) - t0, max(times) - t0, max(times) - min(times)))
asyncio.run(main())
