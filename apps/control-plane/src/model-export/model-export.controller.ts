import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ForResource } from '../auth/auth.decorators';
import { PositiveIntPipe } from '../common/http/int-param.pipe';
import { ExportGgufQuery } from './dto/export-gguf.query';
import { ModelExportService } from './model-export.service';

@ApiTags('model-versions')
@ForResource('models')
@Controller('models/:name/versions/:version/export')
export class ModelExportController {
  constructor(private readonly exports: ModelExportService) {}

  @Get('gguf')
  @ApiOperation({
    summary:
      'Download a version as one GGUF file (llama.cpp, Ollama): f32, f16, q8_0 or q4_0; a LoRA version exports its merged model',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: 'the GGUF file, as an attachment named <model>-v<version>-<type>.gguf',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiBadRequestResponse({ description: 'type is not one of f32, f16, q8_0, q4_0' })
  @ApiNotFoundResponse()
  @ApiUnprocessableEntityResponse({
    description:
      'EXPORT_NOT_SUPPORTED: the artifact holds what GGUF export cannot convert (another architecture, a tensor it cannot map, an adapter without a merged model), named in the message',
  })
  async gguf(
    @Param('name') name: string,
    @Param('version', new PositiveIntPipe('version')) version: number,
    @Query() query: ExportGgufQuery,
  ): Promise<StreamableFile> {
    const file = await this.exports.gguf(name, version, query.type);
    return new StreamableFile(file.stream, {
      type: 'application/octet-stream',
      disposition: `attachment; filename="${file.fileName}"`,
      length: file.bytes,
    });
  }
}
