import { Test } from '@nestjs/testing';
import { ConfigError } from './config-error';
import { ConfigModule } from './config.module';
import { GANTRY_CONFIG, GantryConfigService } from './gantry-config.service';

describe('ConfigModule', () => {
  it('provides the typed configuration by token and by service', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ env: { GANTRY_HTTP_PORT: '9100' }, overrides: { cwd: '/srv', dataDir: 'd' } })],
    }).compile();
    const service = moduleRef.get(GantryConfigService);
    expect(service.get('http').port).toBe(9100);
    expect(service.get('dataDir')).toBe('/srv/d');
    expect(moduleRef.get(GANTRY_CONFIG)).toBe(service.config);
  });

  it('stops the boot with every problem when the environment is invalid', async () => {
    const compiling = Test.createTestingModule({
      imports: [ConfigModule.forRoot({ env: { GANTRY_HTTP_PORT: 'x', GANTRY_S3_ENDPOINT: 'http://m:9000' } })],
    }).compile();
    await expect(compiling).rejects.toBeInstanceOf(ConfigError);
    await expect(
      Test.createTestingModule({ imports: [ConfigModule.forRoot({ env: { GANTRY_HTTP_PORT: 'x' } })] }).compile(),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID', problems: ['GANTRY_HTTP_PORT: expected an integer from 0 to 65535, got "x"'] });
  });
});
