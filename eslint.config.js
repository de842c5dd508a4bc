// Lint with typescript-eslint, type-aware for the server code and the web app alike: floating
// promises and non-exhaustive switches are the bugs that hurt a nightly job (and a page that
// silently never loads) most. The Vue single-file components are linted by eslint-plugin-vue
// (its recommended rules for Vue 3, as errors: a warning would not fail the gate) with the
// TypeScript parser for their <script> blocks. Layout is prettier's: the plugin's layout rules
// are off. tests/gates/lint.test.ts checks that these rules reach the files they are meant for.
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';

const typeAwareRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/switch-exhaustiveness-check': [
    'error',
    { considerDefaultExhaustiveForUnions: true },
  ],
};

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
  ...pluginVue.configs['flat/recommended-error'],
  pluginVue.configs['no-layout-rules'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] },
    },
  },
  {
    files: ['api/**/*.ts', 'etl/**/*.ts', 'warehouse/**/*.ts', 'tests/**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.json' } },
    rules: typeAwareRules,
  },
  {
    // web/tsconfig.eslint.json: the app's compiler options over its sources and its tests.
    files: ['web/src/**/*.ts', 'web/src/**/*.vue'],
    languageOptions: {
      parserOptions: { project: './web/tsconfig.eslint.json', extraFileExtensions: ['.vue'] },
    },
    rules: typeAwareRules,
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
