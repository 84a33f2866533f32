/**
 * The one mapping of file-system errors to the words of a message (DESIGN.md, "Errors and exit
 * codes"): every reader and writer in src/io names a missing, forbidden or wrong kind of file the
 * same way, and prefixes what it was doing ("cannot read", "cannot write model", …).
 */

/**
 * Short reason for a Node file-system error: `no such file` (ENOENT; `missing` names what is
 * missing, e.g. `no such directory` for a write), `permission denied` (EACCES, EPERM),
 * `is a directory` (EISDIR), otherwise the error's own message.
 */
export function fsErrorReason(err: unknown, missing = 'no such file'): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return missing;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return (err as Error | undefined)?.message ?? String(err);
}
