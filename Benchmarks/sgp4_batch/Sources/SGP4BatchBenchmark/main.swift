import Foundation

// SGP4BatchBenchmark: the issue-8 Proof for Kanshi's batched SGP4 (see README.md).
//   speed [--catalog FILE] [--steps N] [--repeats R] [--rounds K] [--threads T] [--json FILE] [--python EXE] [--peers LIST]
//   exact [--catalog FILE] [--step-minutes M] [--days D] [--threads T] [--well-conditioned-only]
let arguments = Array(CommandLine.arguments.dropFirst())
let options = Options(arguments: arguments)
switch arguments.first {
case "speed":
    exit(runSpeed(options))
case "exact":
    exit(runExact(options))
default:
    print("""
    usage: SGP4BatchBenchmark speed [--catalog FILE] [--steps N] [--repeats R] [--rounds K] [--threads T] [--json FILE]
                                    [--python EXE] [--peers python-sgp4,heyoka,astroz|none] [--keep DIR]
           SGP4BatchBenchmark exact [--catalog FILE] [--step-minutes M] [--days D] [--threads T] [--well-conditioned-only]
    """)
    exit(arguments.isEmpty ? 0 : 2)
}
