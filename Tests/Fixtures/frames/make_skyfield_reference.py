#!/usr/bin/env python3
"""Generate skyfield_reference.json: skyfield's view of a few real objects, for FramesSkyfieldTests.

Run from the repository root:  python3 Tests/Fixtures/frames/make_skyfield_reference.py
Needs python3 with skyfield (tested 1.55) and sgp4 (tested 2.27). Nothing is downloaded: the
timescale is skyfield's built-in one (its bundled leap seconds and IERS UT1 - UTC), which has no
polar motion, so the reference is written with x_p = y_p = 0 and the dUT1 skyfield used.
See SOURCES.md next to this file.
"""
import json
import sys

import numpy as np
import sgp4
import skyfield
from skyfield.api import EarthSatellite, load, wgs84
from skyfield.constants import AU_KM, DAY_S
from skyfield.framelib import itrs
from skyfield.sgp4lib import TEME_to_ITRF

# Elements from the public catalog snapshot ../shared/data/catalog/spacetrack_gp_full_catalog_2023-10-09.3le.gz
OBJECTS = [
    ("ISS (ZARYA)",
     "1 25544U 98067A   23282.71486326  .00020100  00000-0  35938-3 0  9998",
     "2 25544  51.6410 121.2575 0005123  92.3190 358.8196 15.49983917419557"),
    ("STARLINK-1007",
     "1 44713U 19074A   23282.44495839  .00025481  00000-0  17231-2 0  9999",
     "2 44713  53.0532 187.1706 0001092 102.3037 257.8074 15.06406156215776"),
    ("MOLNIYA 2-9",
     "1  7276U 74026A   23281.16906664  .00000122  00000-0  00000+0 0  9999",
     "2  7276  64.2768 162.6411 6380361 274.5843  20.2786  2.45096666261095"),
    ("QZS-3 (GEO)",
     "1 42917U 17048A   23282.55327274 -.00000353  00000-0  00000-0 0  9997",
     "2 42917   0.0613 214.9060 0001572 345.2883 143.8950  1.00277411 22417"),
]
# UTC times (year, month, day, hour, minute, second).
TIMES = [
    (2023, 10, 9, 12, 0, 0.0),
    (2023, 10, 9, 18, 30, 15.25),
    (2023, 10, 10, 3, 7, 41.5),
]
# Extra UTC times inside passes over the site (found with skyfield's find_events, 10° mask),
# so that look angles and range rates are also checked above the horizon.
PASS_TIMES = {
    "ISS (ZARYA)": [(2023, 10, 9, 1, 30, 10.125), (2023, 10, 9, 1, 31, 40.0), (2023, 10, 9, 1, 33, 30.0)],
    "STARLINK-1007": [(2023, 10, 9, 4, 27, 30.5), (2023, 10, 9, 4, 32, 0.0)],
    "MOLNIYA 2-9": [(2023, 10, 9, 14, 52, 11.0)],
}
SITE = {"name": "Kanshi test site", "latitude_deg": 34.0, "longitude_deg": 131.2, "altitude_km": 0.0}


def main():
    ts = load.timescale(builtin=True)
    site = wgs84.latlon(SITE["latitude_deg"], SITE["longitude_deg"], elevation_m=SITE["altitude_km"] * 1e3)
    cases = []
    for name, line1, line2 in OBJECTS:
        sat = EarthSatellite(line1, line2, name, ts)
        for (y, mo, d, h, mi, s) in TIMES + PASS_TIMES.get(name, []):
            t = ts.utc(y, mo, d, h, mi, s)
            r_teme, v_teme, err = sat._position_and_velocity_TEME_km(t)
            assert err is None, err
            # TEME -> ITRF by skyfield's GMST-1982 routine (AIAA 2006-6753 App. C), no polar motion.
            r_itrf, v_itrf_per_day = TEME_to_ITRF(t.whole, np.array(r_teme), np.array(v_teme) * DAY_S,
                                                  0.0, 0.0, t.ut1_fraction)
            # The same through skyfield's frame machinery (TEME -> GCRS -> ITRS).
            pos = sat.at(t)
            r_itrs_au, v_itrs_au_per_day = pos.frame_xyz_and_velocity(itrs)
            geo = wgs84.geographic_position_of(pos)
            topo = (sat - site).at(t)
            alt, az, dist = topo.altaz()
            _, _, _, _, _, range_rate = topo.frame_latlon_and_rates(site)
            cases.append({
                "object": name,
                "tle": [line1, line2],
                "utc": "%04d-%02d-%02dT%02d:%02d:%09.6fZ" % (y, mo, d, h, mi, s),
                "ut1_minus_utc_s": float(t.dut1),
                "polar_motion_x_rad": 0.0,
                "polar_motion_y_rad": 0.0,
                "teme_position_km": [float(x) for x in r_teme],
                "teme_velocity_km_per_s": [float(x) for x in v_teme],
                "itrf_gmst82_position_km": [float(x) for x in r_itrf],
                "itrf_gmst82_velocity_km_per_s": [float(x) / DAY_S for x in v_itrf_per_day],
                "itrs_position_km": [float(x) * AU_KM for x in r_itrs_au.au],
                "itrs_velocity_km_per_s": [float(x) * AU_KM / DAY_S for x in v_itrs_au_per_day.au_per_d],
                # GCRS (IAU 2006/2000A with frame bias): for a loose check of our FK5 J2000 only.
                "gcrs_position_km": [float(x) for x in pos.position.km],
                "geodetic_latitude_deg": float(geo.latitude.degrees),
                "geodetic_longitude_deg": float(geo.longitude.degrees),
                "geodetic_altitude_km": float(geo.elevation.km),
                "elevation_deg": float(alt.degrees),
                "azimuth_deg": float(az.degrees),
                "range_km": float(dist.km),
                "range_rate_km_per_s": float(range_rate.km_per_s),
            })
    out = {
        "generator": "Tests/Fixtures/frames/make_skyfield_reference.py",
        "skyfield_version": skyfield.__version__,
        "sgp4_version": sgp4.__version__,
        "python_version": sys.version.split()[0],
        "timescale": "load.timescale(builtin=True): bundled leap seconds and UT1 - UTC, no polar motion",
        "ellipsoid": "WGS84",
        "site": SITE,
        "cases": cases,
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
