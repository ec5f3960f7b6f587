import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../common/context/request-context';
import { DeploymentsService } from './deployments.service';
import { CreateDeploymentDto } from './dto/create-deployment.dto';
import { DeploymentDto, DeploymentListDto } from './dto/deployment.dto';
import { PromoteVersionDto } from './dto/promote-version.dto';
import { UpdateTrafficDto } from './dto/update-traffic.dto';
import { ForResource } from '../auth/auth.decorators';

@ApiTags('deployments')
@ForResource('deployments')
@Controller('deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Get()
  @ApiOperation({ summary: 'List deployments with their revisions' })
  @ApiQuery({ name: 'model', required: false, description: 'only deployments of this model' })
  @ApiOkResponse({ type: DeploymentListDto })
  list(@Query('model') model?: string): Promise<DeploymentListDto> {
    return this.deployments.list(model);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a deployment with every revision' })
  @ApiNotFoundResponse()
  @ApiOkResponse({ type: DeploymentDto })
  get(@Param('name') name: string): Promise<DeploymentDto> {
    return this.deployments.get(name);
  }

  @Post()
  @ApiOperation({ summary: 'Deploy ready versions of a model with traffic weights summing to 100' })
  @ApiConflictResponse({
    description: 'a deployment with this name exists, or a version is not ready',
  })
  @ApiCreatedResponse({ type: DeploymentDto })
  create(@Ctx() ctx: RequestContext, @Body() body: CreateDeploymentDto): Promise<DeploymentDto> {
    return this.deployments.create(ctx, body);
  }

  @Put(':name/traffic')
  @ApiOperation({ summary: 'Change the traffic split (a new revision)' })
  @ApiOkResponse({ type: DeploymentDto })
  setTraffic(
    @Ctx() ctx: RequestContext,
    @Param('name') name: string,
    @Body() body: UpdateTrafficDto,
  ): Promise<DeploymentDto> {
    return this.deployments.setTraffic(ctx, name, body);
  }

  @Post(':name/promote')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Send all traffic to a version and move a registry alias to it (a new revision); production only through the promotion gate',
  })
  @ApiOkResponse({ type: DeploymentDto })
  @ApiConflictResponse({
    description:
      'PROMOTION_GATE_FAILED: the version fails the promotion gate (details: each failing check with its value and threshold)',
  })
  @ApiForbiddenResponse({ description: 'GATE_OVERRIDE_FORBIDDEN: an override by a non-admin' })
  promote(
    @Ctx() ctx: RequestContext,
    @Param('name') name: string,
    @Body() body: PromoteVersionDto,
  ): Promise<DeploymentDto> {
    return this.deployments.promote(ctx, name, body);
  }

  @Post(':name/rollback')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restore the revision in force before the current one (a new revision)',
  })
  @ApiConflictResponse({ description: 'no earlier revision' })
  @ApiOkResponse({ type: DeploymentDto })
  rollback(@Ctx() ctx: RequestContext, @Param('name') name: string): Promise<DeploymentDto> {
    return this.deployments.rollback(ctx, name);
  }
}
