import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ForResource } from '../auth/auth.decorators';
import { Ctx, type RequestContext } from '../common/context/request-context';
import { PromotionGateDto, PromotionGateListDto, UpdateGateThresholdsDto } from './dto/gate.dto';
import { PromotionGateService } from './promotion-gate.service';

/** The acting organisation's promotion-gate thresholds per domain, for its admins. */
@ApiTags('organizations')
@ForResource('organization-settings')
@Controller('organization/promotion-gates')
export class PromotionGatesController {
  constructor(private readonly gates: PromotionGateService) {}

  @Get()
  @ApiOperation({ summary: 'The promotion-gate thresholds of every domain, and the defaults' })
  @ApiOkResponse({ type: PromotionGateListDto })
  list(): Promise<PromotionGateListDto> {
    return this.gates.list();
  }

  @Get(':domain')
  @ApiOperation({ summary: "One domain's promotion-gate thresholds" })
  @ApiNotFoundResponse()
  @ApiOkResponse({ type: PromotionGateDto })
  get(@Param('domain') domain: string): Promise<PromotionGateDto> {
    return this.gates.get(domain);
  }

  @Put(':domain')
  @ApiOperation({
    summary:
      "Set the organisation's promotion-gate thresholds for a domain (those left out take the defaults)",
  })
  @ApiNotFoundResponse()
  @ApiOkResponse({ type: PromotionGateDto })
  set(
    @Ctx() ctx: RequestContext,
    @Param('domain') domain: string,
    @Body() body: UpdateGateThresholdsDto,
  ): Promise<PromotionGateDto> {
    return this.gates.set(ctx, domain, body);
  }
}
