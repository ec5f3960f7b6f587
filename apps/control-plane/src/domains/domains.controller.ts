import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../common/context/request-context';
import { DomainsService } from './domains.service';
import { CreateDomainDto } from './dto/create-domain.dto';
import { DomainDto, DomainListDto } from './dto/domain.dto';
import { ForResource } from '../auth/auth.decorators';

@ApiTags('domains')
@ForResource('domains')
@Controller('domains')
export class DomainsController {
  constructor(private readonly domains: DomainsService) {}

  @Get()
  @ApiOperation({ summary: 'List domains' })
  @ApiOkResponse({ type: DomainListDto })
  async list(): Promise<DomainListDto> {
    return { items: await this.domains.list() };
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a domain' })
  @ApiNotFoundResponse()
  @ApiOkResponse({ type: DomainDto })
  get(@Param('name') name: string): Promise<DomainDto> {
    return this.domains.get(name);
  }

  @Post()
  @ApiOperation({ summary: 'Create a domain' })
  @ApiConflictResponse({ description: 'a domain with this name exists' })
  @ApiCreatedResponse({ type: DomainDto })
  create(@Ctx() ctx: RequestContext, @Body() body: CreateDomainDto): Promise<DomainDto> {
    return this.domains.create(ctx, body);
  }
}
