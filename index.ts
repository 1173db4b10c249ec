// The failback rehearsal program: `npm run demo` runs it with `pulumi up` against the bundled
// ASR emulator. It declares the failback topology and plan from the package's resources.
import * as pulumi from "pulumi-asr-failback";

export const packageExports = Object.keys(pulumi).sort();
