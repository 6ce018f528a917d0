import { packageLintConfig } from '@yolo-loss/eslint-config';
export default packageLintConfig({ tsconfigRootDir: import.meta.dirname });
