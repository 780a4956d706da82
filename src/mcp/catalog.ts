import { z } from 'zod';
import type { AnyTool } from './tool.js';

/** The wire form of one tool in tools/list. */
export interface ToolListing {
  name: string;
  title: string;
  description: string;
  inputSchema: { type: 'object'; [key: string]: unknown };
  outputSchema: { type: 'object'; [key: string]: unknown };
  annotations: AnyTool['annotations'] & { title: string };
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): { type: 'object'; [key: string]: unknown } {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  if (rest['type'] !== 'object') throw new Error('tool schemas must be objects');
  return rest as { type: 'object'; [key: string]: unknown };
}

const listings = new WeakMap<AnyTool, ToolListing>();

/** Converts a tool's zod schemas to JSON Schema once per process; every request reuses the result. */
export function listingOf(tool: AnyTool): ToolListing {
  let listing = listings.get(tool);
  if (!listing) {
    listing = {
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: jsonSchema(tool.input, 'input'),
      outputSchema: jsonSchema(tool.output, 'output'),
      annotations: { title: tool.title, ...tool.annotations },
    };
    listings.set(tool, listing);
  }
  return listing;
}
