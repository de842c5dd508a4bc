// Lint with typescript-eslint, type-aware for the server code: floating promises and
// non-exhaustive switches are the bugs that hurt a nightly job most.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'web/dist/',
      'data/',
      '**/*.d.ts',
      '**/*.js',
      'tests/.output/',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['api/**/*.ts', 'etl/**/*.ts', 'warehouse/**/*.ts', 'tests/**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.json' } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
