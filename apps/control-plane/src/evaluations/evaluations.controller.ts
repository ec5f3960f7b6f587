import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ForResource } from '../auth/auth.decorators';
import { PositiveIntPipe } from '../common/http/int-param.pipe';
import { VersionEvaluationDto } from './dto/evaluation.dto';
import { EvaluationsService } from './evaluations.service';

@ApiTags('model-versions')
@ForResource('models')
@Controller('models/:name/versions/:version/evaluation')
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Get()
  @ApiOperation({
    summary:
      "A version's latest evaluation beside its parent's and its base model's (deltas, better or worse), with the promotion gate and any override",
  })
  @ApiNotFoundResponse()
  @ApiOkResponse({ type: VersionEvaluationDto })
  get(
    @Param('name') name: string,
    @Param('version', new PositiveIntPipe('version')) version: number,
  ): Promise<VersionEvaluationDto> {
    return this.evaluations.ofVersion(name, version);
  }
}
