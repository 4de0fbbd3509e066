// After `tsc`, the console's templates and static files go beside the compiled code (dist/src/console),
// where src/console/view.ts and index.ts look for them relative to their own module.
import { cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const dir of ['views', 'static']) {
  cpSync(join(root, 'src', 'console', dir), join(root, 'dist', 'src', 'console', dir), { recursive: true });
}
