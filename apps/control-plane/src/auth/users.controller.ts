import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../common/context/request-context';
import type { AuthContext } from './auth-context';
import { Auth, ForResource } from './auth.decorators';
import { CreateUserDto, UpdateUserDto, UserDto, UserListDto } from './dto/auth.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ForResource('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: "List the organisation's members and their roles" })
  @ApiOkResponse({ type: UserListDto })
  async list(@Auth() auth: AuthContext): Promise<UserListDto> {
    return { items: await this.users.list(auth.organizationId) };
  }

  @Post()
  @ApiOperation({ summary: 'Add a member with a role and an initial password' })
  @ApiCreatedResponse({ type: UserDto })
  create(
    @Auth() auth: AuthContext,
    @Ctx() ctx: RequestContext,
    @Body() body: CreateUserDto,
  ): Promise<UserDto> {
    return this.users.create(auth, ctx, body);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a member's role, or disable the account" })
  @ApiOkResponse({ type: UserDto })
  update(
    @Auth() auth: AuthContext,
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserDto> {
    return this.users.update(auth.organizationId, ctx, id, body);
  }
}
