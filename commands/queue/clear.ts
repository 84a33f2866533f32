import { BaseCommand } from '../../src/cli/base-command.js';
import { queueFlags, queueTarget } from '../../src/cli/queue-flags.js';
import { clearQueue } from '../../src/queue/clear.js';

/** `nad queue clear --redis URL` — remove a queue's scan, jobs and rows. */
export default class QueueClear extends BaseCommand {
  static override summary = "Remove a queue's scan: its jobs, their rows and the manifest.";
  static override description =
    'Removes every job of the queue (waiting, active, done or failed), the rows the workers stored and the scan manifest, so that another scan can be queued under the same name. Exit codes: 0 cleared; 2 bad flag, Redis URL or queue name; 69 Redis unreachable.';
  static override examples = [
    {
      description: 'After collecting, make room for the next scan',
      command: '<%= config.bin %> <%= command.id %> --redis redis://127.0.0.1:6379',
    },
  ];
  static override flags = { ...queueFlags };

  async run(): Promise<void> {
    const { flags } = await this.parse(QueueClear);
    const { target, queue } = queueTarget(flags);
    const removed = await clearQueue(target, queue);
    if (!this.quiet)
      process.stderr.write(`cleared "${queue}" (${removed} keys of rows and manifest)\n`);
  }
}
