import { packageLintConfig } from '@yolo-loss/eslint-config';

export default [
  ...packageLintConfig({ tsconfigRootDir: import.meta.dirname }),
  // scripts/step-time.mjs runs in Node: tsc (checkJs) checks its names, as the apps' config does
  { files: ['scripts/**/*.mjs'], rules: { 'no-undef': 'off' } },
];
