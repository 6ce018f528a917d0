import { packageLintConfig } from '@yolo-loss/eslint-config';
// scripts/*.mjs are plain Node scripts outside the typed project (run by `npm run test:leaks`).
export default [{ ignores: ['scripts/**'] }, ...packageLintConfig({ tsconfigRootDir: import.meta.dirname })];
