"""Reference passes for Tests/SensorsTests/AccessWindowsTests.swift, computed once offline with
skyfield 1.55 (Rhodes, https://rhodesmill.org/skyfield/) `EarthSatellite.find_events`.

Object: ISS (ZARYA) from iss_2023-10-09.3le (the bundled 2023-10-09 catalog).
Site: Kamisaibara (WGS84 35.31 N, 133.94 E, 0.55 km), elevation mask 10 deg, all azimuths.
Window: 2023-10-09T00:00:00Z + 1 day. Output: skyfield_iss_kamisaibara.csv (rise, culmination, set UTC; max elevation deg).
Run: python3 make_skyfield_passes.py > skyfield_iss_kamisaibara.csv
"""
from skyfield.api import load, wgs84, EarthSatellite

lines = open("iss_2023-10-09.3le").read().splitlines()
ts = load.timescale(builtin=True)
sat = EarthSatellite(lines[1], lines[2], lines[0][2:], ts)
site = wgs84.latlon(35.31, 133.94, elevation_m=550)
t0 = ts.utc(2023, 10, 9)
t1 = ts.utc(2023, 10, 10)
times, events = sat.find_events(site, t0, t1, altitude_degrees=10.0)
print("rise_utc,culmination_utc,set_utc,max_elevation_deg")
row = {}
for t, e in zip(times, events):
    row[e] = t
    if e == 2 and 0 in row and 1 in row:
        alt, _, _ = (sat - site).at(row[1]).altaz()
        f = lambda x: x.utc_strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        print(f"{f(row[0])},{f(row[1])},{f(row[2])},{alt.degrees:.4f}")
        row = {}
