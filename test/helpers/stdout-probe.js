// Preloaded into a nad child process (`node --import`) by test/cli/slow-reader.test.ts: says
// "stdout-probe: first write" on stderr at the first write to stdout, records the most bytes
// that process.stdout ever held unwritten (Node's write buffer, beyond what the pipe took) and,
// at exit, writes that number to the file named by NAD_STDOUT_PROBE.
import { writeFileSync } from 'node:fs';

const out = process.stdout;
const write = out.write.bind(out);
let peak = -1;
out.write = (...args) => {
  if (peak < 0) process.stderr.write('stdout-probe: first write\n');
  const ok = write(...args);
  peak = Math.max(peak, out.writableLength);
  return ok;
};
process.on('exit', () => writeFileSync(process.env.NAD_STDOUT_PROBE, `${peak}\n`));
