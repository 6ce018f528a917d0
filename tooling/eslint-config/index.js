// Shared flat ESLint config: type-aware typescript-eslint (floating promises matter: tensor
// reads are async), vitest rules for tests, and the project's hard rules for package code.
import js from '@eslint/js';
import vitest from '@vitest/eslint-plugin';
import tseslint from 'typescript-eslint';

/** @param {{ tsconfigRootDir: string }} options */
export function packageLintConfig({ tsconfigRootDir }) {
  return tseslint.config(
    { ignores: ['dist/**', 'node_modules/**', '.reports/**', '*.config.ts', '*.config.js', 'test/fixtures/**'] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: { parserOptions: { projectService: true, tsconfigRootDir } },
      rules: {
        '@typescript-eslint/no-floating-promises': 'error',
        '@typescript-eslint/consistent-type-imports': 'error',
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      },
    },
    {
      files: ['src/**/*.ts'],
      rules: {
        // Synchronous reads fail on Node WebGPU and freeze browsers.
        'no-restricted-syntax': [
          'error',
          {
            selector: "CallExpression[callee.property.name=/^(dataSync|arraySync|bufferSync)$/]",
            message: 'No synchronous tensor reads in package code: use `await t.data()`.',
          },
        ],
        'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
      },
    },
    {
      files: ['test/**/*.ts'],
      plugins: { vitest },
      rules: {
        ...vitest.configs.recommended.rules,
        'vitest/no-disabled-tests': 'error',
        'vitest/no-focused-tests': 'error',
        // Our own matchers throw on failure: they count as assertions.
        'vitest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'assert*'] }],
        '@typescript-eslint/no-non-null-assertion': 'off',
        '@typescript-eslint/no-unsafe-member-access': 'off',
        '@typescript-eslint/no-unsafe-assignment': 'off',
      },
    },
  );
}
