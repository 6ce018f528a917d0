// Shared flat ESLint config: type-aware typescript-eslint (floating promises matter: tensor
// reads are async), vitest rules for tests, and the project's hard rules for package code.
// `packageLintConfig` for the TypeScript packages, `appLintConfig` for the JavaScript apps.
import js from '@eslint/js';
import vitest from '@vitest/eslint-plugin';
import tseslint from 'typescript-eslint';

/** What no config lints: build output, reports, fixtures. */
const ignores = ['dist/**', 'node_modules/**', '.reports/**', '*.config.ts', '*.config.js', 'test/fixtures/**'];

/** The type-aware rules every package and app shares. */
const sharedRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/consistent-type-imports': 'error',
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
};

/** The vitest rules of test files. */
const testRules = {
  ...vitest.configs.recommended.rules,
  'vitest/no-disabled-tests': 'error',
  'vitest/no-focused-tests': 'error',
  // Our own matchers throw on failure: they count as assertions.
  'vitest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'assert*'] }],
};

/**
 * The flat config of a TypeScript package (`src/**\/*.ts`, `test/**\/*.ts`).
 * @param {{ tsconfigRootDir: string }} options
 */
export function packageLintConfig({ tsconfigRootDir }) {
  return tseslint.config(
    { ignores },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: { parserOptions: { projectService: true, tsconfigRootDir } },
      rules: sharedRules,
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
        ...testRules,
        '@typescript-eslint/no-non-null-assertion': 'off',
        '@typescript-eslint/no-unsafe-member-access': 'off',
        '@typescript-eslint/no-unsafe-assignment': 'off',
      },
    },
  );
}

/**
 * The flat config of an app written in JavaScript (`.mjs`: the demo, the bench, the playground),
 * type-checked by `tsc` with `checkJs` (its tsconfig must include every file linted): the same
 * type-aware rules as the packages (floating promises above all) and the vitest rules for
 * `test/**`, but not the packages' ban on synchronous tensor reads (an app may read its own
 * tensors back). `no-undef` is off: tsc checks every name, with the globals of the app's
 * environment (Node, or the DOM for the playground's page).
 * @param {{ tsconfigRootDir: string }} options
 */
export function appLintConfig({ tsconfigRootDir }) {
  return tseslint.config(
    { ignores },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: { parserOptions: { projectService: true, tsconfigRootDir } },
      rules: { ...sharedRules, 'no-undef': 'off' },
    },
    {
      files: ['test/**/*.mjs'],
      plugins: { vitest },
      rules: testRules,
    },
  );
}
