#!/bin/sh
# Release timing of impact prediction and the warning timeline (issue 7): builds the MissileWarning
# module in release, compiles main.swift against its objects with swiftc -O, and runs it.
# Run from the repository root: sh Benchmarks/missile-impact/run.sh
set -e
swift build -c release --target MissileWarning
R=.build/release
OBJS=$(ls $R/Astrodynamics.build/*.o $R/SpaceData.build/*.o $R/Estimation.build/*.o $R/Sensors.build/*.o \
          $R/MissileWarning.build/*.o)
swiftc -O -I $R/Modules Benchmarks/missile-impact/main.swift -o /tmp/missile-impact-bench $OBJS
/tmp/missile-impact-bench data/geo
