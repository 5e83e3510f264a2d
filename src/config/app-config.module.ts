import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig, toAppConfig } from './app-config';
import { validateEnvironment } from './validate-environment';

export interface LoadConfigOptions {
  /** Variables to read instead of the process environment (tests). */
  env?: Record<string, string | undefined>;
}

/**
 * Reads `.env` (real environment variables win), validates every variable
 * at once and returns the typed configuration; throws listing each
 * problem by variable name.
 */
export function loadAppConfig(options: LoadConfigOptions = {}): AppConfig {
  return toAppConfig(validateEnvironment(options.env ?? readProcessEnv()));
}

/** Exposes an already validated AppConfig through ConfigService. */
@Module({})
export class AppConfigModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          isGlobal: true,
          load: [() => config],
        }),
      ],
      exports: [ConfigModule],
    };
  }
}

function readProcessEnv(): Record<string, string | undefined> {
  try {
    process.loadEnvFile('.env');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }

  return process.env;
}
