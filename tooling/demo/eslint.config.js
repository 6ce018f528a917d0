import { appLintConfig } from '@yolo-loss/eslint-config';
export default appLintConfig({ tsconfigRootDir: import.meta.dirname });
