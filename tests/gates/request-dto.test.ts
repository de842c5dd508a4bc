/**
 * One description per request (issue 10): every query and JSON body a handler of api/ reads comes
 * through one DTO class whose fields are both the OpenAPI schema and the validation
 * (api/common/request-dto.ts). Fails on a handler that reads a single query parameter
 * (`@Query('x')`), takes a body or query without such a class (`@Body() body: unknown`), or
 * describes its query or JSON body beside the handler (`@ApiQuery`, `@ApiBody({ type })`), where
 * the description and the check could drift apart. Multipart uploads (`@ApiBody({ schema })`
 * with the file read from the request) are not JSON bodies.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../api/common/paths.js';
import { isRequestDto, TextField } from '../../api/common/request-dto.js';

const ROUTE_ARGS = '__routeArguments__';
const CONTROLLER = '__controller__';
const API_PARAMETERS = 'swagger/apiParameters';
const BODY = 3;
const QUERY = 4;

type Class = abstract new (...args: never[]) => unknown;

/** What is wrong with the request handling of one controller class, one line per problem. */
function problems(controller: Class): string[] {
  const found: string[] = [];
  const proto = controller.prototype as Record<string, unknown>;
  for (const method of Object.getOwnPropertyNames(proto)) {
    if (method === 'constructor' || typeof proto[method] !== 'function') continue;
    const where = `${controller.name}.${method}`;
    const args = (Reflect.getMetadata(ROUTE_ARGS, controller, method) ?? {}) as Record<
      string,
      { index: number; data?: unknown }
    >;
    const types = (Reflect.getMetadata('design:paramtypes', proto, method) ?? []) as unknown[];
    for (const [key, arg] of Object.entries(args)) {
      const kind = Number(key.split(':')[0]);
      if (kind !== BODY && kind !== QUERY) continue;
      const what = kind === BODY ? '@Body' : '@Query';
      if (arg.data !== undefined) found.push(`${where}: ${what}('${String(arg.data)}')`);
      else if (!isRequestDto(types[arg.index]))
        found.push(`${where}: ${what}() without a request DTO class`);
    }
    const described = (Reflect.getMetadata(API_PARAMETERS, proto[method] as object) ?? []) as {
      in?: string;
      schema?: unknown;
    }[];
    for (const p of described) {
      if (p.in === 'query') found.push(`${where}: @ApiQuery`);
      if (p.in === 'body' && p.schema === undefined) found.push(`${where}: @ApiBody({ type })`);
    }
  }
  return found;
}

async function controllers(): Promise<Class[]> {
  const files = readdirSync(path.join(repoRoot, 'api'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.controller.ts'))
    .map((f) => path.join(repoRoot, 'api', f));
  const found: Class[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const value of Object.values(module))
      if (typeof value === 'function' && Reflect.getMetadata(CONTROLLER, value))
        found.push(value as Class);
  }
  return found;
}

class PlantedQueryDto {
  @TextField() area?: string;
}

@Controller('planted')
class PlantedController {
  @Get('a')
  @ApiQuery({ name: 'area', required: false })
  a(@Query('area') area: unknown): unknown {
    return area;
  }

  @Get('b')
  b(@Body() body: unknown, @Query() query: PlantedQueryDto): unknown {
    return [body, query];
  }

  @Post('c')
  @ApiBody({ type: PlantedQueryDto })
  c(@Body() body: PlantedQueryDto): unknown {
    return body;
  }
}

describe('request DTOs', () => {
  it('finds a planted single parameter, @ApiQuery, @ApiBody and a body without a DTO', () => {
    expect(problems(PlantedController)).toEqual([
      "PlantedController.a: @Query('area')",
      'PlantedController.a: @ApiQuery',
      'PlantedController.b: @Body() without a request DTO class',
      'PlantedController.c: @ApiBody({ type })',
    ]);
  });

  it('every handler of api/ reads its query and JSON body through a request DTO', async () => {
    const all = await controllers();
    expect(all.length).toBeGreaterThan(15);
    expect(all.flatMap(problems)).toEqual([]);
  });
});
