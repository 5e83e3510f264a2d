import { CommandFactory } from 'nest-commander';
import { loadAppConfig } from '@/config/app-config.module';
import { ConfigValidationError } from '@/config/validate-environment';
import { CliModule } from './cli.module';

async function main(): Promise<void> {
  const config = loadAppConfig();
  await CommandFactory.run(CliModule.register(config), {
    logger: ['error', 'warn'],
    errorHandler: (error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  });
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigValidationError || !(error instanceof Error)
      ? String(error instanceof Error ? error.message : error)
      : error.message,
  );
  process.exit(1);
});
