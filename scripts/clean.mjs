// dist/ is rebuilt from nothing, so a module removed from src/ leaves no stale copy behind
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
