import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../common/context/request-context';
import { ForResource } from './auth.decorators';
import { CreateOrganizationDto, OrganizationDto, OrganizationListDto } from './dto/auth.dto';
import { UsersService } from './users.service';

@ApiTags('organizations')
@ForResource('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List every organisation (tenant) of the installation' })
  @ApiOkResponse({ type: OrganizationListDto })
  async list(): Promise<OrganizationListDto> {
    return { items: await this.users.listOrganizations() };
  }

  @Post()
  @ApiOperation({ summary: 'Add a tenant; its admins are then added with X-Alloy-Organization' })
  @ApiCreatedResponse({ type: OrganizationDto })
  create(
    @Ctx() ctx: RequestContext,
    @Body() body: CreateOrganizationDto,
  ): Promise<OrganizationDto> {
    return this.users.createOrganization(ctx, body);
  }
}
